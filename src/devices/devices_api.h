/* devices_api.h — the devices handlers the route table names. */
#ifndef SG_DEVICES_API_H
#define SG_DEVICES_API_H
#include "../http/http.h"
void h_device_list(sg_req *rq);
void h_device_add(sg_req *rq);
void h_device_get(sg_req *rq);
void h_device_edit(sg_req *rq);
void h_device_retire(sg_req *rq);
void h_device_app_add(sg_req *rq);
void h_device_app_remove(sg_req *rq);
void h_device_handout(sg_req *rq);
void h_device_return(sg_req *rq);
void h_device_offsite(sg_req *rq);
void h_device_holder(sg_req *rq);
void h_device_custody(sg_req *rq);
void h_device_lockup_sheet(sg_req *rq);
void h_device_lockup_run(sg_req *rq);
void h_device_lockup_get(sg_req *rq);
void h_device_enrol_start(sg_req *rq);
void h_device_credential_revoke(sg_req *rq);
void h_device_quarantine(sg_req *rq);
void h_device_release(sg_req *rq);
void h_device_report(sg_req *rq);
void h_device_report_close(sg_req *rq);
void h_enrol_preview(sg_req *rq);
void h_enrol_complete(sg_req *rq);
void h_device_whoami(sg_req *rq);
#endif
