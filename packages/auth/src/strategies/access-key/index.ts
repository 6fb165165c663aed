export { createAccessKeyStrategy } from './access-key.js';
