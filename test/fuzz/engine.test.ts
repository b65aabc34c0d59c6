// Property-based fuzzing of the whole analyser (Engine with every rule): mutated corpus files,
// generated documents of every kind, and small workspaces of several mutated files (cross-file
// rules). Properties (assertAnalysisHolds): no exception, every finding and fix edit inside its
// document, deterministic results (fresh engine, either file order), bounded time per file.
import { before, test } from 'node:test';
import {
  checkProperty, cnfDocumentArb, fc, hclDocumentArb, jsonDocumentArb, mutatedFileArb, prepareHcl, runs, seedCorpus, seedsMatching,
  single, yamlDocumentArb, assertAnalysisHolds, type FuzzCase, type FuzzFile,
} from './support.js';

before(prepareHcl);

test('fuzz: the analyser holds on mutated corpus, fixture and example files', () => {
  checkProperty('engine', single(mutatedFileArb(seedCorpus())), assertAnalysisHolds, runs(500));
});

test('fuzz: the analyser holds on generated YAML, HCL, JSON and openssl.cnf documents', () => {
  const generated = fc.oneof(yamlDocumentArb(), hclDocumentArb(), jsonDocumentArb(), cnfDocumentArb());
  checkProperty('engine', single(generated), assertAnalysisHolds, runs(400));
});

test('fuzz: cross-file analysis holds on small workspaces of mutated and generated files', () => {
  // Issuers, Certificates, step-ca configs, versions and certificates spread over several files.
  const related = seedsMatching(/(examples\/|fixtures\/rules\/(cert-manager|step-issuer|step-ca|spire|openssl)|fixtures\/certs\/)/);
  const file = fc.oneof({ weight: 3, arbitrary: mutatedFileArb(related) }, { weight: 1, arbitrary: yamlDocumentArb() }, { weight: 1, arbitrary: cnfDocumentArb() });
  const workspace: fc.Arbitrary<FuzzCase> = fc.array(file, { minLength: 2, maxLength: 4 }).map((files: FuzzFile[]) => ({
    // Distinct paths: the same seed twice becomes two files in different folders.
    files: files.map((f, i) => ({ ...f, path: files.findIndex((g) => g.path === f.path) === i ? f.path : `copy${i}/${f.path}` })),
  }));
  checkProperty('engine', workspace, assertAnalysisHolds, runs(120));
});
