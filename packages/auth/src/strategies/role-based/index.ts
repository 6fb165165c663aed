export { type AssumeRoleStep, createAssumeRoleProvider } from './assume-role.js';
export { createRoleBasedStrategy } from './role-based.js';
export { createSourceCredentials } from './source-credentials.js';
