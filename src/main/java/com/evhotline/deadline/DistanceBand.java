package com.evhotline.deadline;

/**
 * How far the stranded vehicle is from the service station sent to it (source table 4): in town,
 * in the county (within 50 km), in the region beyond, in the province (within 100 km), or out of the
 * province. Each band has its own rescue time.
 */
public enum DistanceBand {
    URBAN,
    COUNTY,
    REGION,
    PROVINCE,
    OUT_OF_PROVINCE
}
