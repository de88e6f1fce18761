// Types of what TypeScript tests use from ./queue-stack.mjs.
export function restartN8nProcesses(stack: { processes: Array<{ name: string; pid: number }> }, names: string[], log?: (line: string) => void): Promise<void>;
export function queueStackPrerequisites(): string[];
