/**
 * Active confirmation of suspected pool endpoints: the one place rigsweep opens connections to
 * others. Off by default; see README.md for what is sent, how replies are classified, the safety
 * rules and the per-endpoint time bound.
 */
export type { Dialect, ProbeOutcome, ProbeTarget, ProbeVerdict, Transport } from './verdict';
export type { PlanDecision } from './safety';
export { createProber, type PlannedProbe, type Prober, type ProberOptions } from './prober';
export { verdictFact } from './verdict-fact';
export { classifyReply, type Classified } from './classify';
export { probeRequests, type ProbeRequest } from './requests';
export { endpointBoundMs, transportsFor } from './bound';
