import type { IssueCode } from '../errors/codes';

/** A problem found in an input: reported, counted, and the read goes on. */
export interface InputIssue {
  code: IssueCode;
  /** Byte offset in the file (or record number for text inputs) where it was found. */
  offset: number;
  message: string;
}
