/** Integration tests; private. */
package org.deepminer.itest;
