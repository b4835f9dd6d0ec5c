package org.deepminer.shell.internal;

import org.apache.felix.service.command.Converter;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;
import org.osgi.service.component.annotations.Component;

/** The one place command results are formatted: Gogo asks it to print every {@link Tabular} DTO. */
@Component(property = "osgi.converter.classes=org.deepminer.shell.format.Tabular")
public class TabularConverter implements Converter {

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null; // formatting only; Gogo tries other converters
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (target instanceof Tabular t) {
            return TableFormatter.format(t);
        }
        return null;
    }
}
