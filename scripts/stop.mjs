// `npm run stop`: stops the n8n that `npm start` left running (by the PID it recorded).
import { localInstance, stopLocalInstance } from './local-instance.mjs';
import { runMain } from './steps.mjs';

runMain(async () => {
	const stopped = await stopLocalInstance();
	console.log(
		stopped ? `Stopped n8n (pid ${stopped}).` : `No n8n started by \`npm start\` is running (${localInstance().pidFile}).`,
	);
});
