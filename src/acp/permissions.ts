import type { PermissionOption, RequestPermissionResponse } from '@agentclientprotocol/sdk';
import type { PermissionDecision } from '../core/permissions';
import { unreachable } from '../shared/unreachable';

/**
 * Our four decisions onto the agent's own options. Each decision has a preferred option kind
 * and a fallback; when the agent offers neither, the request is answered `cancelled`, which
 * every agent must treat as "don't run it". Pure.
 */
export function pickPermissionOption(decision: PermissionDecision, options: PermissionOption[]): RequestPermissionResponse {
  const order = optionOrder(decision);
  for (const kind of order) {
    const option = options.find((o) => o.kind === kind);
    if (option) return { outcome: { outcome: 'selected', optionId: option.optionId } };
  }
  return { outcome: { outcome: 'cancelled' } };
}

function optionOrder(decision: PermissionDecision): PermissionOption['kind'][] {
  switch (decision.kind) {
    case 'allow':
    case 'allowWithInput': // an ACP option carries no edited input: allowing once is the closest
      return ['allow_once', 'allow_always'];
    case 'allowSession':
      return ['allow_always', 'allow_once'];
    case 'deny':
    case 'denyAndStop':
      return ['reject_once', 'reject_always'];
    default:
      unreachable(decision);
      return ['reject_once', 'reject_always'];
  }
}

export function isAllowOption(options: PermissionOption[], optionId: string): boolean {
  const kind = options.find((o) => o.optionId === optionId)?.kind;
  return kind === 'allow_once' || kind === 'allow_always';
}
