/**
 * The Monero / CryptoNote stratum spoken by XMRig and its pools (xmrig-proxy doc/STRATUM.md):
 * login, job, submit, getjob, keepalived. "login" is also a common web-app method, so a login
 * only counts with the fields a miner sends (login plus an agent, an algorithm list or a rig id).
 */
import { fromCryptoNoteTarget, type ShareTarget } from '../targets';
import { asArray, asJobId, asNonEmptyString, asString, isRecord } from '../wire/json-access';
import type { RpcMessage } from '../wire/rpc-message';
import type { Identity, Recognised, RpcDialect } from './types';

function xmrig(method: string, extra: Partial<Recognised> = {}): Recognised {
  return { dialect: 'xmrig', method, strength: 'conclusive', ...extra };
}

function login(params: unknown): Recognised | undefined {
  if (!isRecord(params)) return undefined;
  const account = asNonEmptyString(params.login);
  if (!account) return undefined;
  const agent = asNonEmptyString(params.agent);
  const algorithms = asArray(params.algo)?.filter((a): a is string => typeof a === 'string');
  const rigId = asNonEmptyString(params.rigid);
  const minerShaped = agent !== undefined || algorithms !== undefined || rigId !== undefined;
  // login + pass alone is how some web APIs log in too: only a hint until the pool sends a job.
  if (!minerShaped && asString(params.pass) === undefined) return undefined;
  const identity: Identity = {
    login: account,
    worker: rigId ?? account,
    agent,
    algorithm: algorithms?.length === 1 ? algorithms[0] : undefined,
  };
  return xmrig('login', { strength: minerShaped ? 'conclusive' : 'supporting', identity });
}

/** A job object as in `job` notifications and login replies: blob (or bds), job_id, target. */
function readJob(value: unknown): { job: string; target?: ShareTarget; identity: Identity } | undefined {
  if (!isRecord(value)) return undefined;
  const job = asJobId(value.job_id);
  const blob = asNonEmptyString(value.blob) ?? asNonEmptyString(value.bds);
  if (!job || !blob || value.target === undefined) return undefined;
  return {
    job,
    target: fromCryptoNoteTarget(value.target),
    identity: { algorithm: asNonEmptyString(value.algo), coin: asNonEmptyString(value.coin) },
  };
}

function jobRecognised(method: string, value: unknown, extra: Partial<Recognised>): Recognised | undefined {
  const parsed = readJob(value);
  if (!parsed) return undefined;
  return xmrig(method, {
    job: parsed.job,
    target: parsed.target,
    identity: parsed.identity,
    ...extra,
  });
}

function client(message: RpcMessage): Recognised | undefined {
  const params = message.params;
  switch (message.method) {
    case 'login':
      return login(params);
    case 'submit': {
      if (!isRecord(params)) return undefined;
      const job = asJobId(params.job_id);
      const proof = asNonEmptyString(params.result) ?? asNonEmptyString(params.hash);
      if (!job || !asNonEmptyString(params.nonce) || !proof) return undefined;
      return xmrig('submit', { share: { jobs: [job] } });
    }
    case 'getjob':
      return isRecord(params) ? xmrig('getjob', { strength: 'supporting' }) : undefined;
    case 'keepalived':
      return params === undefined || isRecord(params) ? xmrig('keepalived') : undefined;
    default:
      return undefined;
  }
}

function server(message: RpcMessage): Recognised | undefined {
  return message.method === 'job' ? jobRecognised('job', message.params, {}) : undefined;
}

/** The login reply carries the first job: {"id":…, "job":{blob, job_id, target}, "status":"OK"}. */
function response(message: RpcMessage): Recognised | undefined {
  const result = message.result;
  if (!isRecord(result)) return undefined;
  return jobRecognised('job', result.job, { strength: 'supporting', isResponse: true });
}

export const xmrigStratum: RpcDialect = { client, server, response };
