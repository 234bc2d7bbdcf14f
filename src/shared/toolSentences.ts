import { obj, str } from './toolValues';

/**
 * One sentence for the tools Claude Code gained around 2.1.197–2.1.332 (docs/compatibility.md):
 * background tasks, monitors, cron jobs, worktrees, agent messages, tool search. The host's
 * permission prompts (src/core/toolSummary.ts) and the panel's cards share it, so both say the
 * same thing. Model-written values go through `clip`: the host makes them visible and short, the
 * webview only short. Undefined: not one of these tools, or an input of another shape.
 */
export type Clip = (text: string, max: number) => string;

export function toolSentence(toolName: string, input: Record<string, unknown>, clip: Clip): string | undefined {
  const s = (k: string) => str(input[k]);
  const n = (k: string) => (typeof input[k] === 'number' && Number.isFinite(input[k]) ? (input[k] as number) : undefined);
  switch (toolName) {
    case 'Monitor': {
      const what = s('description');
      const command = s('command');
      const url = str(obj(input.ws).url);
      const source = command !== undefined ? `run ${clip(command, 200)}` : url !== undefined ? `open ${clip(url, 200)}` : undefined;
      if (what === undefined && source === undefined) return undefined;
      const ms = n('timeout_ms');
      const limit = ms !== undefined ? ` for up to ${duration(ms)}` : '';
      return `Watch ${what !== undefined ? `"${clip(what, 120)}"` : 'events'}${limit}${source ? `: ${source}` : ''}`;
    }
    case 'TaskStop': {
      const id = s('task_id') ?? s('shell_id');
      return id === undefined ? 'Stop a background task' : `Stop the background task ${clip(id, 80)}`;
    }
    case 'TaskOutput': {
      const id = s('task_id');
      return id === undefined ? undefined : `Read the output of the background task ${clip(id, 80)}`;
    }
    case 'CronCreate': {
      const cron = s('cron');
      const prompt = s('prompt');
      if (cron === undefined || prompt === undefined) return undefined;
      const when = input.recurring === false ? `once, at the next match of "${clip(cron, 60)}"` : `on the schedule "${clip(cron, 60)}"`;
      const kept = input.durable === true ? ', kept across restarts' : '';
      return `Schedule a prompt ${when}${kept}: ${clip(prompt, 150)}`;
    }
    case 'CronDelete': {
      const id = s('id');
      return id === undefined ? undefined : `Delete the scheduled prompt ${clip(id, 80)}`;
    }
    case 'CronList':
      return 'List the scheduled prompts';
    case 'EnterWorktree': {
      const path = s('path');
      const name = s('name');
      if (path !== undefined) return `Switch to the git worktree ${clip(path, 200)}`;
      return name !== undefined ? `Create the git worktree "${clip(name, 80)}" and work in it` : 'Create a git worktree and work in it';
    }
    case 'ExitWorktree': {
      const action = s('action');
      if (action === 'keep') return 'Leave the git worktree (it stays on disk)';
      if (action === 'remove') return `Leave the git worktree and remove it${input.discard_changes === true ? ', discarding its uncommitted changes' : ''}`;
      return undefined;
    }
    case 'SendMessage': {
      const to = s('to');
      const text = s('summary') ?? s('message');
      if (to === undefined) return undefined;
      return `Send a message to ${clip(to, 60)}${text !== undefined ? `: ${clip(text, 150)}` : ''}`;
    }
    case 'ToolSearch': {
      const q = s('query');
      if (q === undefined) return undefined;
      const select = /^select:(.*)$/s.exec(q.trim());
      if (select) return `Load the tools ${clip(select[1].split(',').map((x) => x.trim()).filter(Boolean).join(', '), 200)}`;
      return `Search the available tools for "${clip(q, 120)}"`;
    }
    case 'ListAgents':
      return 'List the running agents';
    case 'ScheduleWakeup': {
      if (input.stop === true) return 'Stop the wake-up loop';
      const secs = n('delaySeconds');
      const reason = s('reason');
      if (secs === undefined) return undefined;
      return `Wake up again in ${duration(secs * 1000)}${reason !== undefined ? `: ${clip(reason, 150)}` : ''}`;
    }
    case 'Skill': {
      const skill = s('skill');
      return skill === undefined ? undefined : `Use the skill ${clip(skill, 80)}`;
    }
    case 'Task':
    case 'Agent': {
      const description = s('description');
      if (description === undefined) return undefined;
      const type = s('subagent_type');
      const who = type && type !== 'general-purpose' ? `the ${clip(type, 60)} subagent` : 'a subagent';
      const how = [input.run_in_background === true ? 'in the background' : '', input.isolation === 'worktree' ? 'in its own git worktree' : input.isolation === 'remote' ? 'remotely' : '']
        .filter(Boolean)
        .join(', ');
      return `Start ${who}${how ? ` (${how})` : ''}: ${clip(description, 120)}`;
    }
    default:
      return undefined;
  }
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${Math.round(m / 60)} h`;
}
