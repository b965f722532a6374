/**
 * Seals a text into an opaque cursor that only holders of the same secret can have written,
 * and opens it again, so a client can hand a cursor back but never make or alter one.
 */
export interface CursorCodec {
  seal(text: string): string;
  /** The text `cursor` was sealed from; null unless this codec (or a peer with its secret) sealed it. */
  open(cursor: string): string | null;
}
