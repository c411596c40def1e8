/**
 * Call-flow templates: pure code (no I/O), shared by the REST API, tRPC and the portal's forms.
 * A template is a flow map whose resource uuids may be "{{Placeholder name}}", plus each
 * placeholder's kind; binding gives each placeholder one of a customer's resources.
 */
export {
  type BindingResult,
  type BindingSource,
  bindPlaceholders,
  type CandidateResources,
  type NamedResource,
  type PlaceholderBinding,
  sameName,
} from "./bind";
export {
  isPlaceholderKind,
  KIND_LABELS,
  KIND_PLURALS,
  MAX_PLACEHOLDERS,
  PLACEHOLDER_KIND_OF,
  PLACEHOLDER_KINDS,
  PLACEHOLDER_NAME_MAX_LENGTH,
  type PlaceholderKind,
  placeholderNameIn,
  placeholderNameProblem,
  placeholderText,
  RESOURCE_KIND_OF,
  resourceSlots,
  rewriteResourceSlots,
  substitutePlaceholders,
} from "./placeholders";
export { proposeTemplate, type ResourceNameLookup } from "./propose";
export { STARTER_TEMPLATES, type StarterTemplate, starterTemplate } from "./starters";
export {
  checkTemplate,
  placeholderKinds,
  type TPlaceholderDeclaration,
  type TTemplateDocument,
  type TTemplatePlaceholders,
} from "./template";
