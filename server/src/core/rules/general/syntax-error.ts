import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'syntax-error',
    severity: 'error',
    description: 'The file (or one YAML document in it) does not parse, so nothing in it was checked.',
    appliesTo: ['kubernetes-yaml', 'spire-hcl', 'step-ca-json', 'openssl-cnf'],
    fixable: false,
    sources: ['YAML 1.2.2 spec', 'HCL native syntax spec (hashicorp/hcl)', 'RFC 8259 (JSON)', 'OpenSSL config(5)'],
  },
  check({ file, report }) {
    // The documents of a YAML file are parsed and skipped one by one: each broken document is
    // reported at its own problem. Elsewhere one finding per file, at the first problem: later
    // errors are usually consequences of it.
    const problems = file.kind === 'kubernetes-yaml' ? file.syntaxErrors : file.syntaxErrors.slice(0, 1);
    const unchecked = file.kind === 'kubernetes-yaml' ? 'This YAML document was not checked' : 'Settings after this point may not have been checked';
    for (const problem of problems) report({ span: problem.span, message: `${problem.message.replace(/\.$/, '')}. ${unchecked}.` });
  },
});
