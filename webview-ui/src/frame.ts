/**
 * One requestAnimationFrame for all pending DOM work: streaming views mark themselves dirty
 * and render once per frame, however many deltas arrived in between.
 */
type Task = () => void;

const dirty = new Set<Task>();
const after = new Set<Task>();
let scheduled = false;

function run(): void {
  scheduled = false;
  const tasks = [...dirty];
  dirty.clear();
  for (const t of tasks) {
    try {
      t();
    } catch (err) {
      console.error('claude-chat webview: render failed', err);
    }
  }
  const post = [...after];
  after.clear();
  for (const t of post) t();
}

/** Runs `task` once in the next frame (deduplicated by identity). */
export function scheduleFrame(task: Task): void {
  dirty.add(task);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(run);
  }
}

/** Runs after this frame's render tasks (e.g. to keep the view scrolled to the bottom). */
export function afterFrame(task: Task): void {
  after.add(task);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(run);
  }
}
