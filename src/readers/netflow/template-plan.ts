/**
 * A template compiled once into a field-offset plan: for each role (field-types.ts) where it sits
 * in a record and how wide it is. Records of fixed-length templates are then read with no
 * per-field work at all; templates with variable-length fields re-locate the fields each record
 * into the same arrays, so the reader does not care which kind it has.
 */
import { u16be } from '../pcap/bytes';
import { ROLE, ROLE_COUNT, VARIABLE_LENGTH, roleLengthFits, roleOf } from './field-types';

export interface FieldSpec {
  id: number;
  /** 0 for IANA elements. */
  enterprise: number;
  /** Bytes in each record, or VARIABLE_LENGTH. */
  length: number;
  /**
   * A NetFlow v9 options scope field: its types (1 system, 2 interface, 3 line card, 4 cache,
   * 5 template) collide with field types, so it is never read. IPFIX scope fields are ordinary
   * information elements and are not marked.
   */
  v9Scope: boolean;
}

export type TemplateKind = 'data' | 'options';

/** More fields than any real exporter sends (the largest seen are ~100): a corrupt template. */
export const MAX_TEMPLATE_FIELDS = 512;
/** A record must fit in one message (65535 bytes less the smallest headers). */
const MAX_RECORD_BYTES = 65_535 - 16 - 4;

export class TemplatePlan {
  /** Role → byte offset from the record start, or -1 when the template lacks it. */
  readonly at = new Int32Array(ROLE_COUNT).fill(-1);
  /** Role → field width in bytes. */
  readonly len = new Int32Array(ROLE_COUNT);
  /** Fixed record length, or the smallest possible one when `variable`. */
  readonly minLength: number;
  readonly variable: boolean;
  /** Records carry a source and a destination address: they can become FlowRecords. */
  readonly isFlow: boolean;
  /** Both address families are present and IPv6 comes later (Huawei sends the inner header last). */
  readonly prefersIpv6: boolean;
  /** The records carry their own sampling rate fields. */
  readonly samplingInRecord: boolean;
  private readonly lengths: Int32Array;
  private readonly roleField = new Int16Array(ROLE_COUNT).fill(-1);
  private readonly usedRoles: Int8Array;
  private readonly fieldAt: Int32Array;
  private readonly fieldLength: Int32Array;

  constructor(
    readonly templateId: number,
    readonly kind: TemplateKind,
    fields: readonly FieldSpec[],
    /** The template record's bytes, to tell a resend of the same template from a redefinition. */
    readonly definition: Buffer,
  ) {
    this.lengths = Int32Array.from(fields, (f) => f.length);
    this.fieldAt = new Int32Array(fields.length);
    this.fieldLength = new Int32Array(fields.length);
    const ranks = new Int8Array(ROLE_COUNT).fill(127);
    fields.forEach((f, i) => {
      const choice = f.v9Scope ? undefined : roleOf(f.id, f.enterprise);
      if (choice === undefined || (f.length !== VARIABLE_LENGTH && !roleLengthFits(choice.role, f.length))) return;
      // Equal rank: the later field wins (a tunnel's inner header follows the outer one).
      if (choice.rank <= ranks[choice.role]) {
        ranks[choice.role] = choice.rank;
        this.roleField[choice.role] = i;
      }
    });
    this.usedRoles = Int8Array.from(Array.from(this.roleField.keys()).filter((role) => this.roleField[role] >= 0));
    this.variable = fields.some((f) => f.length === VARIABLE_LENGTH);
    this.minLength = fields.reduce((sum, f) => sum + (f.length === VARIABLE_LENGTH ? 1 : f.length), 0);
    if (!this.variable) this.locateFixed();
    const has = (role: number) => this.roleField[role] >= 0;
    const has4 = has(ROLE.SRC4) && has(ROLE.DST4);
    const has6 = has(ROLE.SRC6) && has(ROLE.DST6);
    this.isFlow = has4 || has6;
    this.prefersIpv6 = has6 && (!has4 || this.roleField[ROLE.SRC6] > this.roleField[ROLE.SRC4]);
    this.samplingInRecord = [
      ROLE.SAMPLING_INTERVAL,
      ROLE.RANDOM_INTERVAL,
      ROLE.PACKET_INTERVAL,
      ROLE.SAMPLING_POPULATION,
      ROLE.SAMPLING_PROBABILITY,
    ].some(has);
  }

  /**
   * Locates the fields of the record at `at` (variable-length templates only: fixed plans are
   * located once). Returns the record's length, or -1 when it runs past `end`.
   */
  layout(buf: Buffer, at: number, end: number): number {
    if (!this.variable) return at + this.minLength <= end ? this.minLength : -1;
    let p = at;
    const lengths = this.lengths;
    for (let i = 0; i < lengths.length; i++) {
      let length = lengths[i];
      if (length === VARIABLE_LENGTH) {
        if (p >= end) return -1;
        length = buf[p++];
        if (length === 255) {
          if (p + 2 > end) return -1;
          length = u16be(buf, p);
          p += 2;
        }
      }
      this.fieldAt[i] = p - at;
      this.fieldLength[i] = length;
      p += length;
      if (p > end) return -1;
    }
    for (let k = 0; k < this.usedRoles.length; k++) {
      const role = this.usedRoles[k];
      const field = this.roleField[role];
      const length = this.fieldLength[field];
      const fits = this.lengths[field] !== VARIABLE_LENGTH || roleLengthFits(role, length);
      this.at[role] = fits ? this.fieldAt[field] : -1;
      this.len[role] = length;
    }
    return p - at;
  }

  private locateFixed(): void {
    let offset = 0;
    for (let i = 0; i < this.lengths.length; i++) {
      this.fieldAt[i] = offset;
      offset += this.lengths[i];
    }
    for (const role of this.usedRoles) {
      this.at[role] = this.fieldAt[this.roleField[role]];
      this.len[role] = this.lengths[this.roleField[role]];
    }
  }
}

/** Why a template cannot be used, or undefined when it can. */
export function templateProblem(fields: readonly FieldSpec[]): string | undefined {
  if (fields.length === 0) return 'it has no fields';
  if (fields.length > MAX_TEMPLATE_FIELDS) return `it has ${fields.length} fields (more than ${MAX_TEMPLATE_FIELDS})`;
  let fixed = 0;
  let variable = 0;
  for (const f of fields) {
    if (f.length === VARIABLE_LENGTH) variable++;
    else fixed += f.length;
  }
  if (fixed + variable === 0) return 'its records would be zero bytes long';
  if (fixed + variable > MAX_RECORD_BYTES) return `its records would be ${fixed + variable} bytes, past any message`;
  return undefined;
}
