import type { PermissionOption, RequestPermissionResponse } from '@agentclientprotocol/sdk';
import type { PermissionDecision } from '../core/permissions';
import { unreachable } from '../shared/unreachable';

/**
 * Our decisions onto the agent's own options. Allowing picks only the agent's `allow_once`: its
 * `allow_always` is the agent's own rule (often the whole tool, sometimes kept beyond this chat),
 * wider than the call the prompt showed, so the UI offers no "Allow for Session" for an agent
 * and never maps an answer onto it (issue 21). When the agent offers no fitting option the
 * request is answered `cancelled`, which every agent must treat as "don't run it". Pure.
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
    case 'allowSession': // not offered for agents; should one arrive, it allows this call only
      return ['allow_once'];
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
