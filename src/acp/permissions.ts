import type { PermissionOption, RequestPermissionResponse } from '@agentclientprotocol/sdk';
import type { PermissionDecision } from '../core/permissions';
import { unreachable } from '../shared/unreachable';

/**
 * Our decisions onto the agent's own options. The UI offers the agent's options themselves
 * (`agentOption`: answered with that id). Our generic answers pick only `allow_once` when
 * allowing: the agent's `allow_always` is its own rule (often the whole tool, sometimes kept
 * beyond this chat), wider than the call the prompt showed, so only the user's explicit pick of
 * it, labelled as such, selects it. When the agent offers no fitting option the
 * request is answered `cancelled`, which every agent must treat as "don't run it". Pure.
 */
export function pickPermissionOption(decision: PermissionDecision, options: PermissionOption[]): RequestPermissionResponse {
  if (decision.kind === 'agentOption') {
    // The user picked one of the agent's own options, by what it said it means.
    const option = options.find((o) => o.optionId === decision.optionId);
    return option ? { outcome: { outcome: 'selected', optionId: option.optionId } } : { outcome: { outcome: 'cancelled' } };
  }
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
    case 'allowAlways': // likewise: an agent's lasting rules are its own options
      return ['allow_once'];
    case 'deny':
    case 'denyAndStop':
      return ['reject_once', 'reject_always'];
    case 'agentOption': // answered above
      return [];
    default:
      unreachable(decision);
      return ['reject_once', 'reject_always'];
  }
}
