import rule from '../../../src/rules/build/no-unpinned-base-image.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: `FROM nginx:1.27@${DIGEST}` },
    { kind: 'dockerfile', code: `FROM nginx@${DIGEST}`, name: 'digest without tag' },
    { kind: 'dockerfile', code: `FROM nginx:latest@${DIGEST}`, name: 'digest pins even latest' },
    { kind: 'dockerfile', code: `FROM ghcr.io/org/app:1.2@${DIGEST}` },
    { kind: 'dockerfile', code: 'FROM scratch\nCOPY app /app' },
    { kind: 'dockerfile', code: `FROM golang:1.22@${DIGEST} AS build\nRUN make\nFROM build`, name: 'an earlier stage' },
    { kind: 'dockerfile', code: `FROM golang:1.22@${DIGEST} AS Build\nFROM build AS test`, name: 'stage names ignore case' },
    { kind: 'dockerfile', code: 'ARG BASE\nFROM ${BASE}', name: 'unresolved: ARG without default' },
    { kind: 'dockerfile', code: `ARG TAG=1.27@${DIGEST}\nFROM nginx:\${TAG}` },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM node\nUSER node',
      errors: [{ line: 1, column: 6, severity: 'medium', message: 'base image "node" has no tag: each build may get a different image; pin a version tag and a digest' }],
    },
    { kind: 'dockerfile', code: 'FROM ubuntu:latest', errors: [{ line: 1, column: 6, severity: 'medium', message: /uses the "latest" tag/ }] },
    { kind: 'dockerfile', code: 'FROM registry.example.com:5000/team/app', errors: [{ line: 1, column: 6, severity: 'medium' }] },
    { kind: 'dockerfile', code: 'FROM --platform=$BUILDPLATFORM golang AS build', errors: [{ line: 1, column: 32, severity: 'medium' }] },
    { kind: 'dockerfile', code: 'FROM python:3.12-slim', errors: [{ line: 1, column: 6, severity: 'info', message: /pinned to a tag, not a digest/ }] },
    {
      kind: 'dockerfile',
      code: 'ARG VERSION=latest\nFROM node:${VERSION}',
      name: 'tag from an ARG default',
      errors: [{ line: 2, column: 6, severity: 'medium', message: /"node:latest"/ }],
    },
    { kind: 'dockerfile', code: 'ARG IMAGE=alpine\nFROM $IMAGE', errors: [{ line: 2, column: 6, severity: 'medium' }] },
    {
      kind: 'dockerfile',
      code: `FROM golang AS build\nRUN make\nFROM gcr.io/distroless/static@${DIGEST}\nCOPY --from=build /app /app`,
      name: 'builder stages feed the image too',
      errors: [{ line: 1, column: 6, severity: 'medium' }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS a\nFROM debian AS b\nFROM a',
      errors: [
        { line: 1, column: 6, severity: 'info' },
        { line: 2, column: 6, severity: 'medium' },
      ],
    },
  ],
});
