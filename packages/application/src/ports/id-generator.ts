export interface IdGenerator {
  /** A new UUIDv7: unique, and later calls sort after earlier ones. */
  next(): string;
}
