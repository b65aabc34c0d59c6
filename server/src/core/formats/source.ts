import type { Span } from '../types.js';

/** A parse problem in a file: reported once as a `syntax-error` finding. */
export interface SyntaxIssue { span: Span; message: string }
