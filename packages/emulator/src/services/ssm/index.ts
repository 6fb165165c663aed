// The Parameter Store (AmazonSSM) actions, one module per group as in ../secretsmanager/.
import type { JsonHandler } from '../json-handler.js';
import { describeParameters } from './describe.js';
import { deleteParameters, getParameterHistory, unlabelParameterVersion } from './history.js';
import { getParameter, getParameters, getParametersByPath } from './read.js';
import { deleteParameter, labelParameterVersion, putParameter } from './write.js';

/** The Systems Manager Parameter Store actions the emulator serves (target prefix AmazonSSM). */
export const SSM_ACTIONS: Record<string, JsonHandler> = {
  DeleteParameter: deleteParameter,
  DeleteParameters: deleteParameters,
  DescribeParameters: describeParameters,
  GetParameter: getParameter,
  GetParameterHistory: getParameterHistory,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
  LabelParameterVersion: labelParameterVersion,
  PutParameter: putParameter,
  UnlabelParameterVersion: unlabelParameterVersion,
};
