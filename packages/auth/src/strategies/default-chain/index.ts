export { createDefaultChainStrategy } from './default-chain.js';
