/** Types for the untyped `seek-bzip` package (2.x), as far as the nfdump reader uses it. */
declare module 'seek-bzip' {
  /** Decodes a whole bzip2 stream; throws on corrupt input. */
  export function decode(input: Uint8Array, output?: Uint8Array, multistream?: boolean): Buffer;
}
