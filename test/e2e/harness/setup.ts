// setupFilesAfterEnv of the jest `e2e` project. n8n on a shared 2-core machine can be slow:
// a test may wait minutes for executions (waitForExecutions has its own, shorter, timeouts).
jest.setTimeout(5 * 60 * 1000);
