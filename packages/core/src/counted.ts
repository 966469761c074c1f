/** "1 facet", "3 facets", "0 steps": a count with its noun, for messages. */
export function counted(k: number, singular: string, plural = `${singular}s`): string {
  return `${k} ${k === 1 ? singular : plural}`;
}
