// What the n8n editor shows about every node of the package, checked on the descriptions
// themselves (the browser test, test/e2e/editor.test.ts, checks what a user sees of them).
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { FullEnrich } from '../../../nodes/FullEnrich/FullEnrich.node';
import { FullEnrichTrigger } from '../../../nodes/FullEnrich/FullEnrichTrigger.node';
import { Idwise } from '../../../nodes/IDWise/Idwise.node';
import { IdwiseTrigger } from '../../../nodes/IDWise/IdwiseTrigger.node';
import { Surfe } from '../../../nodes/Surfe/Surfe.node';
import { SurfeTrigger } from '../../../nodes/Surfe/SurfeTrigger.node';
import { Wiza } from '../../../nodes/Wiza/Wiza.node';
import { WizaTrigger } from '../../../nodes/Wiza/WizaTrigger.node';
import { eventsSubtitle, operationSubtitle, sentenceCase } from '../../../nodes/shared/editorText';

const NODES: INodeType[] = [new Wiza(), new WizaTrigger(), new FullEnrich(), new FullEnrichTrigger(), new Surfe(), new SurfeTrigger(), new Idwise(), new IdwiseTrigger()];
const TRIGGERS = NODES.filter((node) => node.description.group.includes('trigger'));

/** Every field, nested ones (collection options, fixedCollection values) included, with its path. */
function fieldsOf(properties: INodeProperties[], path: string): Array<{ path: string; field: INodeProperties }> {
	const found: Array<{ path: string; field: INodeProperties }> = [];
	for (const field of properties) {
		const here = `${path} > ${field.displayName}`;
		found.push({ path: here, field });
		if (field.type === 'collection' && field.options) found.push(...fieldsOf(field.options as INodeProperties[], here));
		if (field.type === 'fixedCollection' && field.options) {
			for (const group of field.options as INodePropertyCollection[]) found.push(...fieldsOf(group.values, `${here} > ${group.displayName}`));
		}
	}
	return found;
}

const allFields = NODES.flatMap((node) => fieldsOf(node.description.properties, node.description.displayName));

// n8n renders a subtitle `={{ expr }}` by evaluating expr with $parameter; the same here.
const renderSubtitle = (subtitle: string, parameters: Record<string, unknown>): unknown => {
	const expression = subtitle.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	return new Function('$parameter', `return (${expression});`)(parameters);
};

describe('node descriptions in the editor', () => {
	it.each(NODES.map((node) => [node.description.displayName, node] as const))('%s: the description is one short line (the node creator shows it)', (_name, node) => {
		expect(node.description.description).not.toMatch(/\n/);
		expect(node.description.description.length).toBeLessThanOrEqual(80);
	});

	it('every field has a tooltip (description); notices, resource/operation and generic "Options"/"Filters" buttons aside', () => {
		const missing = allFields
			.filter(({ field }) => field.type !== 'notice' && !['resource', 'operation'].includes(field.name))
			.filter(({ field }) => !(field.type === 'collection' && ['Options', 'Filters'].includes(field.displayName)))
			.filter(({ field }) => typeof field.description !== 'string' || field.description.trim() === '')
			.map(({ path }) => path);
		expect(missing).toEqual([]);
	});

	it('placeholders follow one style: "e.g. <example>" for values, "Add ..." for collections; none starts with "="', () => {
		const odd = allFields
			.filter(({ field }) => field.placeholder !== undefined)
			.filter(({ field }) => {
				const placeholder = String(field.placeholder);
				const isAddButton = ['collection', 'fixedCollection'].includes(field.type) && placeholder.startsWith('Add ');
				return !isAddButton && !/^e\.g\. \S/.test(placeholder);
			})
			.map(({ path, field }) => `${path}: ${String(field.placeholder)}`);
		expect(odd).toEqual([]);
	});

	it('notices sit above the fields of their operation, never below one', () => {
		const misplaced: string[] = [];
		for (const node of NODES) {
			const { properties } = node.description;
			const resources = (properties.find((field) => field.name === 'resource')?.options as INodePropertyOptions[] | undefined) ?? [{ name: '', value: '' }];
			for (const resource of resources) {
				const operationField = properties.find((field) => field.name === 'operation' && (field.displayOptions?.show?.resource ?? []).includes(resource.value));
				const operations = (operationField?.options as INodePropertyOptions[] | undefined) ?? [{ name: '', value: '' }];
				for (const operation of operations) {
					const shown = properties.filter((field) => {
						const show = field.displayOptions?.show ?? {};
						const fits = (key: string, value: unknown) => show[key] === undefined || (show[key] as unknown[]).includes(value);
						// Fields shown whatever else is chosen; a notice under a selector explains what that choice shows.
						const always = Object.keys(show).every((key) => key === 'resource' || key === 'operation');
						return always && !['resource', 'operation'].includes(field.name) && fits('resource', resource.value) && fits('operation', operation.value);
					});
					const firstField = shown.findIndex((field) => field.type !== 'notice');
					shown.forEach((field, index) => {
						if (field.type === 'notice' && firstField !== -1 && index > firstField) misplaced.push(`${node.description.displayName} ${resource.name}: ${operation.name}: "${field.displayName.slice(0, 50)}"`);
					});
				}
			}
		}
		expect(misplaced).toEqual([]);
	});

	it.each(TRIGGERS.map((node) => [node.description.displayName, node] as const))('%s: every event reads well as a trigger name in the node creator', (_name, node) => {
		const events = node.description.properties.find((field) => field.name === 'events')!;
		for (const option of events.options as INodePropertyOptions[]) {
			// "On reveal finished", "On AML monitor update": lower case after "On", acronyms kept.
			expect(option.action).toMatch(/^On ([a-z]|[A-Z]{2,} )[a-zA-Z ]+$/);
			expect(option.name).not.toMatch(/[()/*]/);
		}
	});

	it.each(TRIGGERS.map((node) => [node.description.displayName, node] as const))('%s: the trigger panel says how to test with the Test URL', (_name, node) => {
		const panel = node.description.triggerPanel as { executionsHelp: { inactive: string; active: string } };
		expect(panel.executionsHelp.inactive).toContain('Test URL');
		expect(panel.executionsHelp.inactive).toContain('Production URL');
		expect(node.description.eventTriggerDescription).toContain('Test URL');
		const notices = node.description.properties.filter((field) => field.type === 'notice').map((field) => field.displayName);
		expect(notices.join(' ')).toContain('Test URL');
		expect(notices.join(' ')).toContain('Production URL');
	});
});

describe('canvas subtitles', () => {
	const options: INodePropertyOptions[] = [
		{ name: 'Any Event', value: '*' },
		{ name: 'Reveal Finished', value: 'reveal.finished' },
		{ name: 'AML Monitor Update', value: 'AML Monitor Update' },
	];

	it('names the selected events, says "All events" or "Any event", never shows raw values', () => {
		const subtitle = eventsSubtitle(options);
		expect(subtitle).not.toMatch(/\}\}.*\}\}/);
		expect(renderSubtitle(subtitle, { events: ['reveal.finished'] })).toBe('Reveal finished');
		expect(renderSubtitle(subtitle, { events: ['reveal.finished', 'AML Monitor Update'] })).toBe('All events');
		expect(renderSubtitle(subtitle, { events: ['*'] })).toBe('Any event');
		expect(renderSubtitle(subtitle, { events: ['AML Monitor Update'] })).toBe('AML monitor update');
		expect(renderSubtitle(subtitle, {})).toBe('');
	});

	it('action subtitles show the resource and operation names', () => {
		const wiza = new Wiza().description;
		expect(renderSubtitle(wiza.subtitle!, { resource: 'individualReveal', operation: 'revealAndWait' })).toMatch(/^Individual Reveal: .*Wait/);
		expect(renderSubtitle(operationSubtitle(wiza.properties), { resource: 'account', operation: 'getCredits' })).toBe('Account: Get Credits');
		for (const node of NODES.filter((candidate) => !candidate.description.group.includes('trigger'))) {
			const { subtitle, properties } = node.description;
			const resource = properties.find((field) => field.name === 'resource')!;
			for (const option of resource.options as INodePropertyOptions[]) {
				const operation = properties.find((field) => field.name === 'operation' && field.displayOptions?.show?.resource?.includes(option.value))!;
				for (const op of operation.options as INodePropertyOptions[]) {
					expect(renderSubtitle(subtitle!, { resource: option.value, operation: op.value })).toBe(`${option.name}: ${op.name}`);
				}
			}
		}
	});

	it('sentence case keeps acronyms', () => {
		expect(sentenceCase('KYC Renewal Deadline Exceeded')).toBe('KYC renewal deadline exceeded');
	});
});
