/**
 * Management operations on the Graph API (docs/protocol.md §2.6, §5, §8): the business public key, Flows
 * (create, upload JSON, metadata, publish, read, deploy) and message templates. Every function
 * takes a {@link GraphClient}, so retries and timeouts are the client's.
 */
export {
  createFlow,
  getFlow,
  getPublicKeyStatus,
  publishFlow,
  updateFlowMetadata,
  uploadFlowJson,
  uploadPublicKey,
  type CreateFlowOptions,
  type FlowInfo,
  type FlowMetadata,
  type FlowStatus,
  type FlowValidationIssue,
  type KeySignatureStatus,
  type PublicKeyStatus,
} from './flows-api.ts';
export { deployFlow, formatValidationError, type DeployFlowOptions, type DeployFlowResult } from './flow-deploy.ts';
export {
  createMessageTemplate,
  listMessageTemplates,
  type TemplateDefinition,
  type TemplateInfo,
} from './templates-api.ts';
