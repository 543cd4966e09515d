#!/usr/bin/env node
import '../dist/bin/index.js';
