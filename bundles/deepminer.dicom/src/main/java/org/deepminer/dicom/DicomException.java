package org.deepminer.dicom;

import org.deepminer.api.DeepMinerException;

/** A DICOM file that cannot be read or written; the message names the file and the tag or problem. */
public class DicomException extends DeepMinerException {
    private static final long serialVersionUID = 1L;

    public DicomException(String file, String message) {
        super(file, message);
    }

    public DicomException(String file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
