/**
 * Background jobs and the dashboard of the VendHub gateway: jobs (report exports, commission calculations) report
 * progress on {@code queue}, queue statistics follow every change at most once a second, commissions go to
 * {@code dashboard} and {@code contract:<id>}, and dashboard metrics are recomputed each second and published only
 * when they changed.
 */
package org.ordercast.jobs;
