import type { ChatEvent } from '../shared/contract';
import type { PermissionProgress } from '../core/pendingRequests';

/** A tool card while its permission prompt is open, then once it is answered: the same for every backend. */
export function permissionCardState(e: PermissionProgress): ChatEvent {
  if (e.type === 'permissionAsked') return { type: 'toolState', toolUseId: e.toolCallId, state: 'permission' };
  return { type: 'toolState', toolUseId: e.toolCallId, state: e.outcome === 'allowed' ? 'running' : 'denied' };
}
