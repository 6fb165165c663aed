import type { JsonHandler } from '../json-handler.js';

/** The Secrets Manager actions the emulator serves. */
export const SECRETS_MANAGER_ACTIONS: Record<string, JsonHandler> = {};
