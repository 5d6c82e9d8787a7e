// In AWS the WebSocket API's URLs are derived from its id: clients connect to
// `wss://{apiId}.execute-api.{region}.amazonaws.com/{stage}` and handlers post to
// `https://…/{stage}/@connections/{id}`. The connections stack builds both in its Outputs (and any
// service may build them again from `${param:websocketApiId}`). Locally the API *is* the gateway
// emulator, so the loader rewrites exactly these two URL shapes for exactly this API id, wherever
// they end up (stack outputs, compose params, function environments). Nothing else changes, and a
// yml that builds the URL differently (Join, Sub, param) still lands on the emulator.

export interface ApiUrlLocalization {
  apiId: string;
  region: string;
  stage: string;
  websocketManagement: string; // 'http://127.0.0.1:3001/local'
  websocketUrl: string; // 'ws://127.0.0.1:3001/local'
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function origin(url: string): string {
  const match = /^[a-z]+:\/\/[^/?#]+/i.exec(url);
  return match ? match[0] : url;
}

/** Rewrites the API's AWS URLs in `value` to the local gateway's; returns other text unchanged. */
export function localizeApiUrls(value: string, local: ApiUrlLocalization): string {
  const host = `${escapeRegExp(local.apiId)}\\.execute-api\\.${escapeRegExp(local.region)}\\.amazonaws\\.com`;
  const end = `(?=[?#"'\\s]|$)`;
  const withStage = new RegExp(`\\b(https|wss)://${host}/${escapeRegExp(local.stage)}(?=[/?#"'\\s]|$)`, 'g');
  const withoutStage = new RegExp(`\\b(https|wss)://${host}${end}`, 'g');
  const target = (scheme: string) => (scheme === 'wss' ? local.websocketUrl : local.websocketManagement);
  return value
    .replace(withStage, (_match, scheme: string) => target(scheme).replace(/\/+$/, ''))
    .replace(withoutStage, (_match, scheme: string) => origin(target(scheme)));
}
