/**
 * Deterministic ids shaped like UUIDv7 (version 7, RFC 9562 variant) whose 48-bit time
 * field grows with every call from `startAt`, so they sort in creation order like real ones.
 */
export function sequentialIds(startAt: Date): () => string {
  const startMs = startAt.getTime();
  let count = 0;
  return () => {
    count += 1;
    const time = (startMs + count).toString(16).padStart(12, '0');
    const counter = count.toString(16).padStart(12, '0');
    return `${time.slice(0, 8)}-${time.slice(8)}-7000-8000-${counter}`;
  };
}

/**
 * One source for every builder's default ids, so no two built things share one. It starts
 * a year before SequentialIdGenerator's default, so built ids never collide with the ids a
 * use case under test generates.
 */
export const builtId = sequentialIds(new Date('2024-01-01T00:00:00.000Z'));

/** When built things happen unless a test says otherwise. */
export const BUILT_AT = new Date('2025-01-01T08:00:00.000Z');
