/* groups.js: the molecular group ids of CONTRACTS.md, in its order, for the filters. */
export const GROUPS = ['EGFR_COMMON', 'EGFR_UNCOMMON', 'EGFR_EX20INS', 'ALK_FUSION', 'ROS1_FUSION', 'BRAF_V600E',
    'BRAF_OTHER', 'KRAS_G12C', 'KRAS_OTHER', 'MET_EX14', 'MET_AMP', 'RET_FUSION', 'NTRK_FUSION', 'ERBB2_MUT',
    'ERBB2_AMP', 'NRG1_FUSION', 'NO_DRIVER', 'NOT_ASSESSABLE'];
export const TRIAL_STATUSES = ['eligible', 'screening', 'enrolled', 'screen_failed', 'withdrawn'];
export const RECIST = ['CR', 'PR', 'SD', 'PD', 'NE'];
