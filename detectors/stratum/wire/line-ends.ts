const LF = 0x0a;
const CR = 0x0d;

/**
 * The next line end at or after a position: LF or CR, whichever comes first (a CRLF ends at its
 * CR; the blank line between them is the caller's to skip). JSON cannot hold a raw CR or LF, so
 * either one ends a message. Each byte is searched for again only once the position has passed
 * where it was last found, so a head with no CR at all is scanned for one once, not once per line.
 */
export class LineEnds {
  private lf: number | undefined;
  private cr: number | undefined;

  constructor(private readonly bytes: Buffer) {}

  /** The next LF or CR at or after `pos`; -1 when there is none. */
  next(pos: number): number {
    this.lf = this.search(LF, this.lf, pos);
    this.cr = this.search(CR, this.cr, pos);
    const { lf, cr } = this;
    return lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  }

  private search(byte: number, known: number | undefined, pos: number): number {
    if (known === -1 || (known !== undefined && known >= pos)) return known;
    return this.bytes.indexOf(byte, pos);
  }
}
