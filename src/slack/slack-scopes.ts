/**
 * The bot scopes each Web API method the app calls needs. manifest.yml declares exactly these
 * (plus `commands` for the slash command); the tests hold the manifest and the code to it.
 */
export const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'auth.teams.list': [],
  'chat.postMessage': ['chat:write'],
  'conversations.history': ['channels:history', 'groups:history'],
  'conversations.info': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'conversations.members': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'conversations.open': ['im:write'],
  'conversations.replies': ['channels:history', 'groups:history'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'users.info': ['users:read', 'users:read.email'],
};

export const COMMAND_SCOPES = ['commands'] as const;

export function requiredBotScopes(): string[] {
  return [...new Set([...COMMAND_SCOPES, ...Object.values(METHOD_SCOPES).flat()])].sort();
}
