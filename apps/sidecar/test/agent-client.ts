/**
 * A client for AWS's agent written only from its documented API (aws/aws-workload-credentials-provider,
 * formerly aws-secretsmanager-agent, README.md "Step 3: Retrieve secrets": /secretsmanager/get
 * with secretId, versionId, versionStage, refreshNow and roleArn; the /v1/ path style; /ping;
 * the X-Aws-Parameters-Secrets-Token header; port 2773 on localhost). It imports nothing from
 * vaultline: if the sidecar is a drop-in replacement, this client cannot tell the difference.
 */

export interface AgentSecret {
  ARN: string;
  Name: string;
  VersionId: string;
  SecretString?: string;
  SecretBinary?: string;
  VersionStages: string[];
  CreatedDate: string;
}

export interface AgentAnswer {
  status: number;
  text: string;
  headers: Headers;
  json(): unknown;
}

export interface AgentParams {
  versionId?: string;
  versionStage?: string;
  refreshNow?: string;
  roleArn?: string;
}

export class AgentClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly header = 'X-Aws-Parameters-Secrets-Token',
  ) {}

  async raw(
    path: string,
    init: { method?: string; headers?: Record<string, string> } = {},
  ): Promise<AgentAnswer> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.token !== undefined) headers[this.header] = this.token;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      headers: response.headers,
      json: () => JSON.parse(text),
    };
  }

  /** The Lambda extension's style: GET /secretsmanager/get?secretId=... */
  get(secretId: string, params: AgentParams = {}): Promise<AgentAnswer> {
    const query = new URLSearchParams({ secretId, ...params });
    return this.raw(`/secretsmanager/get?${query}`);
  }

  /** The agent's path style: GET /v1/<secretId> */
  getByPath(secretId: string, params: AgentParams = {}): Promise<AgentAnswer> {
    const query = new URLSearchParams({ ...params }).toString();
    return this.raw(`/v1/${secretId}${query ? `?${query}` : ''}`);
  }

  async ping(): Promise<AgentAnswer> {
    const response = await fetch(`${this.baseUrl}/ping`);
    const text = await response.text();
    return {
      status: response.status,
      text,
      headers: response.headers,
      json: () => JSON.parse(text),
    };
  }
}
