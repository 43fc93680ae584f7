package io.mysql2gp.loader.apply;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import java.util.Objects;

/** Settings of the apply stage. */
public record ApplyOptions(ZeroDate zeroDate) {
    public ApplyOptions {
        Objects.requireNonNull(zeroDate, "zeroDate");
    }

    public static ApplyOptions defaults() {
        return new ApplyOptions(ZeroDate.NULL);
    }
}
