/**
 * Records kept apart per account and region, as AWS keeps secrets and parameters: one map
 * of records by key for each `account/region`, made on first use.
 *
 * @example
 * const scopes = new RegionalScopes<SecretRecord>();
 * scopes.of('111122223333', 'us-east-2').set('prod/db', record);
 */
export class RegionalScopes<T> {
  readonly #byScope = new Map<string, Map<string, T>>();

  /** The records of one account and region. */
  of(accountId: string, region: string): Map<string, T> {
    const id = `${accountId}/${region}`;
    let map = this.#byScope.get(id);
    if (!map) {
      map = new Map();
      this.#byScope.set(id, map);
    }
    return map;
  }

  /** Every record of every account and region. */
  all(): T[] {
    return [...this.#byScope.values()].flatMap((map) => [...map.values()]);
  }
}
