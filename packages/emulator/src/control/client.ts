import { EmulatorError } from '../errors.js';
import type { ScenarioInput } from '../scenario/schema.js';
import type { FaultSpec } from './faults.js';
import type {
  CredentialsInput,
  IdentitiesView,
  KeyStateInput,
  PrincipalDocuments,
  PrincipalDocumentsInput,
  PutSecretInput,
  UserCredentials,
} from './types.js';

/**
 * Typed client of the emulator's control API (`/_emulator/...`), for tests and benchmarks.
 *
 * @example
 * const control = new EmulatorControl(emu.url, emu.controlToken);
 * await control.setFault('secretsmanager:GetSecretValue', { throttleProbability: 1 });
 * const counts = await control.counters(); // { 'secretsmanager:GetSecretValue': 3, ... }
 */
export class EmulatorControl {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_emulator/${path}`, {
      method,
      headers: { 'x-emulator-token': this.token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await response.json()) as T & { error?: string };
    if (!response.ok) {
      throw new EmulatorError(
        'CONTROL_REQUEST_FAILED',
        `emulator control ${method} /_emulator/${path} failed (${response.status}): ${payload.error ?? 'no detail'}`,
      );
    }
    return payload;
  }

  /** Accounts, users with their keys, roles and the instance profile of the loaded scenario. */
  identities(): Promise<IdentitiesView> {
    return this.call('GET', 'identities');
  }

  /** The long-term key of a scenario user (first match by name, or by name and account). */
  async userCredentials(name: string, accountId?: string): Promise<UserCredentials> {
    const user = (await this.identities()).users.find(
      (u) => u.name === name && (accountId === undefined || u.accountId === accountId),
    );
    if (!user) {
      throw new EmulatorError(
        'CONTROL_REQUEST_FAILED',
        `the scenario has no user '${name}'${accountId ? ` in account ${accountId}` : ''}`,
      );
    }
    return user;
  }

  /** Replaces the scenario (YAML text or object); the new one becomes the reset baseline. */
  loadScenario(scenario: string | ScenarioInput): Promise<IdentitiesView> {
    return this.call(
      'POST',
      'scenario',
      typeof scenario === 'string' ? { yaml: scenario } : { scenario },
    );
  }

  /** Back to the baseline scenario; also clears faults and counters. */
  reset(): Promise<IdentitiesView> {
    return this.call('POST', 'reset');
  }

  /** Calls per action since the last reset, e.g. `{ 'sts:AssumeRole': 1 }`. */
  counters(): Promise<Record<string, number>> {
    return this.call('GET', 'counters');
  }

  async resetCounters(): Promise<void> {
    await this.call('DELETE', 'counters');
  }

  /** Sets the faults of one action (`service:Action`) or of all (`*`). */
  async setFault(action: string, spec: FaultSpec): Promise<void> {
    await this.call('PUT', 'faults', { action, ...spec });
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', 'faults');
  }

  /** Caps the lifetime of temporary credentials issued from now on, and/or expires all now. */
  setCredentials(
    input: CredentialsInput,
  ): Promise<{ lifetimeSeconds: number | null; expired: number }> {
    return this.call('PUT', 'credentials', input);
  }

  /** Adds a secret or a new AWSCURRENT version of it. */
  putSecret(input: PutSecretInput): Promise<{ arn: string; versionId: string }> {
    return this.call('PUT', 'secrets', input);
  }

  /** Enables or disables a KMS key (as EnableKey / DisableKey, without credentials). */
  setKeyEnabled(
    input: KeyStateInput,
  ): Promise<{ arn: string; keyState: string; enabled: boolean }> {
    return this.call('PUT', 'keys', input);
  }

  /** The identity policies (and, for roles, trust policy) of every user and role. */
  async principalDocuments(): Promise<PrincipalDocuments[]> {
    return (await this.call<{ principals: PrincipalDocuments[] }>('GET', 'iam-documents'))
      .principals;
  }

  /** Replaces a user's or role's identity policies and/or a role's trust policy (IAM has no API here). */
  setPrincipalDocuments(input: PrincipalDocumentsInput): Promise<PrincipalDocuments> {
    return this.call('PUT', 'iam-documents', input);
  }
}
