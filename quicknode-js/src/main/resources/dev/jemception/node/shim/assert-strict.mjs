// node:assert/strict, written for jemception.
import { strict } from './assert.mjs';
export default strict;
