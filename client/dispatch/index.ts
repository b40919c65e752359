/** The dispatcher's public API, for the CLI and the extension (neither needs the modules behind it). */
export { dispatch, type DispatchOptions } from './dispatcher';
export { type DeliveryResult, type AttemptInfo, formatAttemptLine, publicFields } from './result';
export { Secret, type SecretSource, type EnvLike, envSecretSource, chainSecretSources, secretEnvVarName, missingSecretMessage } from './secrets';
export { type SmtpSettings, smtpSettingsFromEnv } from './email';
export { HistoryStore, HISTORY_LIMIT, NotAHistoryFile, legacyHistoryPath, type HistoryEntry, type HistoryStoreOptions } from './history';
export { createHttpAgent, type HttpAgentOptions } from './http';
export { refusalReason, checkUrl } from './guard';
export { hmacSha256Signature, standardWebhooksSignature } from './signing';
