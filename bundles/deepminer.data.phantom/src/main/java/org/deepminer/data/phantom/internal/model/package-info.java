/** The pathology model and the case-level prior: which lesions a breast has and whether they are malignant. */
package org.deepminer.data.phantom.internal.model;
