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
    // One finding per file at the first problem: later errors are usually consequences of it.
    const first = file.syntaxErrors[0];
    if (!first) return;
    const unchecked = file.kind === 'kubernetes-yaml' ? 'This YAML document was not checked' : 'Settings after this point may not have been checked';
    report({ span: first.span, message: `${first.message.replace(/\.$/, '')}. ${unchecked}.` });
  },
});
