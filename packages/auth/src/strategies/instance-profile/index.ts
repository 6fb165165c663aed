export { createImdsSource } from './imds-source.js';
export { createInstanceProfileStrategy } from './instance-profile.js';
export { readInstanceRoleArn } from './instance-role.js';
