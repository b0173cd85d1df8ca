/**
 * Imported by every sandboxed processor. A worker killed outright (SIGKILL) cannot stop its
 * children: each leaves when its parent goes. Its job is then taken over by another worker once
 * the lock lapses, and the job's writes are idempotent.
 */
process.once('disconnect', () => process.exit(0));

export {};
