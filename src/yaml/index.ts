/** The public face of yaml/: YAML documents read with their line numbers, and the checks every input file gets. */
export { readInput, readYamlDocument, readYamlDocuments } from './read-yaml-documents.ts';
export { atLine, lineOf } from './yaml-lines.ts';
