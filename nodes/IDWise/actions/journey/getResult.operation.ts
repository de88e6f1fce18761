// Journey: Get Result. The journey's full result (documents, selfie, rules, decisions): the
// "Get Journey Result" API, whose path is not in the stored docs (see journeyResultPath in
// ../../transport.ts), paced like the summary.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getJourneyResult } from '../../transport';
import { journeyIdProperty, readJourneyId } from './journeyId';

export const description: INodeProperties[] = [journeyIdProperty('getResult')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return (await getJourneyResult.call(this, readJourneyId(this, itemIndex), itemIndex)) as IDataObject;
}
