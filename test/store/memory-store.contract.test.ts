import { MemoryStore } from '../../src/store/memory-store';
import { storeContract } from './store-contract';

storeContract('MemoryStore', () => new MemoryStore());
