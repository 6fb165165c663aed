// The Parameter Store (AmazonSSM) actions, one module per group as in ../secretsmanager/.
import type { JsonHandler } from '../json-handler.js';
import { describeParameters } from './describe.js';
import { getParameter, getParameters, getParametersByPath } from './read.js';
import { deleteParameter, labelParameterVersion, putParameter } from './write.js';

/** The Systems Manager Parameter Store actions the emulator serves (target prefix AmazonSSM). */
export const SSM_ACTIONS: Record<string, JsonHandler> = {
  DeleteParameter: deleteParameter,
  DescribeParameters: describeParameters,
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
  LabelParameterVersion: labelParameterVersion,
  PutParameter: putParameter,
};
