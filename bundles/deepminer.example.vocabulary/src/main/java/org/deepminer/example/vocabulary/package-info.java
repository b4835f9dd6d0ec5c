/** The example vocabulary. Private: plug-ins export nothing, they register services. */
package org.deepminer.example.vocabulary;
